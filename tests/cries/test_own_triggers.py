"""A person's own triggers: the service's rules, the small page that manages them, and the
details form that offers them with the feelings."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries import services
from crylog.cries.models import OWN_TRIGGER_NAME_MAX_LENGTH, OWN_TRIGGERS_MAX, Cry, OwnTrigger
from tests.conftest import ClientResponse, make_cry

pytestmark = pytest.mark.django_db


def add(user: User, name: str) -> OwnTrigger:
    return services.own_trigger_add(user=user, name=name)


def refusal(user: User, name: str) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        add(user, name)
    return refused.value


# The service ---------------------------------------------------------------------------


def test_a_name_is_kept_without_the_space_around_it(user: User) -> None:
    assert add(user, "  Work deadline ").name == "Work deadline"


def test_an_empty_name_is_refused(user: User) -> None:
    assert refusal(user, "   ").code == "empty"
    assert not OwnTrigger.objects.exists()


def test_a_name_of_the_longest_length_fits_and_one_more_character_does_not(user: User) -> None:
    assert add(user, "x" * OWN_TRIGGER_NAME_MAX_LENGTH).name == "x" * OWN_TRIGGER_NAME_MAX_LENGTH
    assert refusal(user, "y" * (OWN_TRIGGER_NAME_MAX_LENGTH + 1)).code == "too_long"
    assert OwnTrigger.objects.count() == 1


def test_a_name_on_two_lines_is_refused(user: User) -> None:
    assert refusal(user, "work\nboss").code == "not_one_line"


def test_a_duplicate_in_another_case_is_refused_with_the_name_it_clashes_with(user: User) -> None:
    add(user, "Work")
    refused = refusal(user, "wORK")
    assert refused.code == "duplicate"
    assert "You have “Work” already." in refused.messages
    assert OwnTrigger.objects.count() == 1


def test_a_name_of_crylogs_own_triggers_is_refused(user: User) -> None:
    assert refusal(user, "Loss").code == "built_in"


def test_another_persons_names_are_theirs(user: User, stranger: User) -> None:
    add(stranger, "Work")
    assert add(user, "work").user == user


def test_adding_a_retired_name_again_brings_that_one_back(user: User) -> None:
    work = add(user, "Work")
    services.own_trigger_retire(trigger=work)
    assert OwnTrigger.objects.get().is_retired
    again = add(user, "WORK")
    assert again.pk == work.pk
    assert again.name == "Work"
    assert not again.is_retired


def test_the_last_one_allowed_fits_and_one_more_is_refused(user: User) -> None:
    for number in range(OWN_TRIGGERS_MAX - 1):
        add(user, f"trigger {number}")
    services.own_trigger_retire(trigger=OwnTrigger.objects.all()[0])  # retired ones count
    add(user, "the last one")
    assert refusal(user, "one too many").code == "too_many"
    assert OwnTrigger.objects.for_user(user).count() == OWN_TRIGGERS_MAX


def test_renaming_renames_it_on_every_cry_and_a_change_of_case_is_fine(user: User) -> None:
    work = add(user, "work")
    cry = make_cry(user)
    cry.own_triggers.add(work)
    services.own_trigger_rename(trigger=work, name="Work")
    services.own_trigger_rename(trigger=work, name="Office")
    assert [t.name for t in cry.own_triggers.all()] == ["Office"]


def test_renaming_to_another_of_ones_own_names_is_refused_and_keeps_the_name(user: User) -> None:
    work = add(user, "Work")
    services.own_trigger_retire(trigger=add(user, "Family"))
    with pytest.raises(ValidationError) as refused:
        services.own_trigger_rename(trigger=work, name="family")
    assert "You have “Family” already, retired: bring it back instead." in refused.value.messages
    work.refresh_from_db()
    assert work.name == "Work"


def test_retiring_keeps_it_on_its_cries_and_twice_changes_nothing(user: User) -> None:
    work = add(user, "Work")
    cry = make_cry(user)
    cry.own_triggers.add(work)
    first = services.own_trigger_retire(trigger=work).retired_at
    assert services.own_trigger_retire(trigger=work).retired_at == first
    assert list(cry.own_triggers.all()) == [work]


# The page --------------------------------------------------------------------------------


def test_the_page_is_reachable_from_settings(owner_client: Client) -> None:
    page = owner_client.get(reverse("account-settings")).content.decode()
    assert reverse("own-trigger-list") in page


def test_adding_on_the_page_shows_it_under_in_use(owner_client: Client, user: User) -> None:
    response = owner_client.post(reverse("own-trigger-add"), {"name": "Work"}, follow=True)
    page = response.content.decode()
    assert "Added “Work”." in page
    assert "Work" in page.split("In use")[1]
    assert OwnTrigger.objects.for_user(user).get().name == "Work"


def test_a_refused_name_comes_back_in_the_field_with_the_reason(
    owner_client: Client, user: User
) -> None:
    add(user, "Work")
    response = owner_client.post(reverse("own-trigger-add"), {"name": "work"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "You have “Work” already." in page
    assert 'value="work"' in page
    assert OwnTrigger.objects.count() == 1


def test_the_same_add_sent_twice_keeps_one(owner_client: Client) -> None:
    owner_client.post(reverse("own-trigger-add"), {"name": "Work"})
    owner_client.post(reverse("own-trigger-add"), {"name": "Work"})
    assert OwnTrigger.objects.count() == 1


def test_renaming_retiring_and_bringing_back_on_the_page(owner_client: Client, user: User) -> None:
    work = add(user, "Work")
    owner_client.post(reverse("own-trigger-rename", args=[work.pk]), {"name": "Office"})
    owner_client.post(reverse("own-trigger-retire", args=[work.pk]))
    work.refresh_from_db()
    assert (work.name, work.is_retired) == ("Office", True)
    page = owner_client.get(reverse("own-trigger-list")).content.decode()
    assert "Office" in page.split("Retired")[1]
    owner_client.post(reverse("own-trigger-restore", args=[work.pk]))
    work.refresh_from_db()
    assert not work.is_retired


def test_another_persons_trigger_is_not_found(
    owner_client: Client, stranger: User, user: User
) -> None:
    theirs = add(stranger, "Theirs")
    for name in ("own-trigger-rename", "own-trigger-retire", "own-trigger-restore"):
        response = owner_client.post(reverse(name, args=[theirs.pk]), {"name": "Mine now"})
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.is_retired) == ("Theirs", False)
    their_cry = make_cry(stranger)
    assert owner_client.get(reverse("own-trigger-list"), {"cry": their_cry.pk}).status_code == 404


def test_the_page_leads_back_to_the_cry_it_came_from(owner_client: Client, user: User) -> None:
    cry = make_cry(user)
    response = owner_client.post(reverse("own-trigger-add"), {"name": "Work", "cry": cry.pk})
    assert response["Location"] == f"{reverse('own-trigger-list')}?cry={cry.pk}"
    page = owner_client.get(response["Location"]).content.decode()
    assert reverse("cry-details", args=[cry.pk]) in page
    # Adding, renaming and retiring "Work" each come back here too.
    assert page.count(f'<input type="hidden" name="cry" value="{cry.pk}">') == 3


# The details form ------------------------------------------------------------------------


def post_details(client: Client, user: User, cry: Cry, **fields: object) -> ClientResponse:
    ended = timezone.localtime(cry.ended_at, user.zone).strftime("%Y-%m-%dT%H:%M")
    return client.post(reverse("cry-details", args=[cry.pk]), {"ended_at": ended, **fields})


def test_feelings_and_own_triggers_are_saved_and_shown_on_the_cry(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user)
    work = add(user, "Work <deadline>")
    response = post_details(
        owner_client,
        user,
        cry,
        triggers=["overload"],
        own_triggers=[work.pk],
        feelings=["helpless", "relieved"],
    )
    assert response.status_code == 302
    cry.refresh_from_db()
    assert cry.feelings == ["helpless", "relieved"]
    assert list(cry.own_triggers.all()) == [work]
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert "overload, Work &lt;deadline&gt;" in page
    assert "helpless, relieved" in page


def test_no_feeling_is_needed(owner_client: Client, user: User) -> None:
    cry = make_cry(user, feelings=["sad"])
    assert post_details(owner_client, user, cry).status_code == 302
    cry.refresh_from_db()
    assert cry.feelings == []


def test_an_unknown_feeling_is_refused_and_nothing_is_lost(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user)
    response = post_details(owner_client, user, cry, feelings=["bored"], note="kept")
    assert response.status_code == 200
    assert "kept</textarea>" in response.content.decode()
    cry.refresh_from_db()
    assert (cry.feelings, cry.note) == ([], "")


def test_another_persons_own_trigger_is_refused_not_attached(
    owner_client: Client, user: User, stranger: User
) -> None:
    cry = make_cry(user)
    theirs = add(stranger, "Theirs")
    mine = add(user, "Mine")
    response = post_details(owner_client, user, cry, own_triggers=[mine.pk, theirs.pk], note="x")
    assert response.status_code == 200
    assert "Choose from your own triggers." in response.content.decode()
    assert not cry.own_triggers.exists()
    cry.refresh_from_db()
    assert cry.note == ""


def test_the_form_offers_the_ones_in_use_and_keeps_a_retired_one_a_cry_has(
    owner_client: Client, user: User
) -> None:
    work, family, old = add(user, "Work"), add(user, "Family"), add(user, "Old job")
    on_cry = make_cry(user)
    on_cry.own_triggers.add(family)
    services.own_trigger_retire(trigger=family)
    services.own_trigger_retire(trigger=old)
    form = owner_client.get(reverse("cry-details", args=[on_cry.pk])).context["details_form"]
    assert set(form.fields["own_triggers"].queryset) == {work, family}
    assert form["own_triggers"].value() == [family.pk]
    fresh = make_cry(user)
    form = owner_client.get(reverse("cry-details", args=[fresh.pk])).context["details_form"]
    assert list(form.fields["own_triggers"].queryset) == [work]
    # A retired one cannot be ticked on a cry that does not have it.
    assert post_details(owner_client, user, fresh, own_triggers=[old.pk]).status_code == 200
    assert not fresh.own_triggers.exists()


def test_a_retired_one_stays_on_a_cry_saved_again(owner_client: Client, user: User) -> None:
    family = add(user, "Family")
    cry = make_cry(user)
    cry.own_triggers.add(family)
    services.own_trigger_retire(trigger=family)
    post_details(owner_client, user, cry, own_triggers=[family.pk], note="again")
    assert list(cry.own_triggers.all()) == [family]


def test_one_can_be_added_and_ticked_from_the_details_form(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user)
    post_details(owner_client, user, cry, own_trigger_new=" Work ", feelings=["moved"])
    work = OwnTrigger.objects.for_user(user).get()
    assert work.name == "Work"
    assert list(cry.own_triggers.all()) == [work]
    # The same name again (any case) ticks the one there is.
    other = make_cry(user)
    post_details(owner_client, user, other, own_trigger_new="WORK")
    assert list(other.own_triggers.all()) == [work]
    assert OwnTrigger.objects.count() == 1


def test_a_refused_new_one_saves_nothing_and_keeps_what_was_entered(
    owner_client: Client, user: User
) -> None:
    for number in range(OWN_TRIGGERS_MAX):
        add(user, f"trigger {number}")
    cry = make_cry(user)
    response = post_details(
        owner_client, user, cry, own_trigger_new="one too many", feelings=["sad"], note="kept"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "the most crylog keeps" in page
    assert 'value="one too many"' in page
    cry.refresh_from_db()
    assert (cry.feelings, cry.note) == ([], "")
    assert OwnTrigger.objects.count() == OWN_TRIGGERS_MAX


def test_the_details_form_links_to_the_page(owner_client: Client, user: User) -> None:
    cry = make_cry(user)
    page = owner_client.get(reverse("cry-details", args=[cry.pk])).content.decode()
    assert f"{reverse('own-trigger-list')}?cry={cry.pk}" in page
    assert "How did it feel?" in page


def test_the_admin_lists_own_triggers_and_shows_a_cry_with_them(client: Client, user: User) -> None:
    staff = User.objects.create_superuser(email="staff@example.com", password="x" * 20)
    client.force_login(staff)
    cry = make_cry(user)
    cry.own_triggers.add(add(user, "Work"))
    listing = client.get(reverse("admin:cries_owntrigger_changelist"))
    assert listing.status_code == 200
    assert "Work" in listing.content.decode()
    assert client.get(reverse("admin:cries_cry_change", args=[cry.pk])).status_code == 200
