import factory

from accounts.models import User
from provinces.domain.divisions import national_bureau
from provinces.models import Bureau, Membership

PASSWORD = "Pers0na-pass!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(role, division_code=None, **user_fields):
    """A user holding ``role`` at the bureau of ``division_code`` (SAMR when None)."""
    user = UserFactory(**user_fields)
    bureau = national_bureau() if division_code is None else Bureau.objects.get(division__code=division_code)
    Membership.objects.create(user=user, bureau=bureau, role=role)
    return user
