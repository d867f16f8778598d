from portal.management.commands.workflow_diagram import TARGET, document


def test_the_committed_diagram_matches_the_state_machines():
    assert TARGET.read_text(encoding="utf-8") == document(), "run: python manage.py workflow_diagram"


def test_every_state_and_transition_is_drawn():
    text = document()
    for edge in ("draft --> submitted: submit", "awarded --> revoked: revoke", "in_publicity --> finalised: finalise"):
        assert edge in text
