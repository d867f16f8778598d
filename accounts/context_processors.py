from . import policy


def memberships(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_memberships": []}
    return {"current_memberships": policy.memberships(user)}
