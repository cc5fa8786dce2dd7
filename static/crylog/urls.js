// The URLs the scripts use, from the page's JSON block ({% script_urls %}, crylog/pwa/scripts.py):
// no script spells one itself.
const block = document.getElementById("crylog-urls");

export const urls = block ? JSON.parse(block.textContent) : {};
