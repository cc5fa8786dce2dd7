"""The storage of static files when DEBUG is off: whitenoise's, with hashed, compressed names."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ModuleManifestStorage(CompressedManifestStaticFilesStorage):
    """Also rewrites the ``import ... from "./queue.js"`` of our ES modules to the hashed names,
    so that a module and what it imports change together (Django's own option, off by default)."""

    support_js_module_import_aggregation = True
