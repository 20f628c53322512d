"""The boundary module's fixtures, for the accounts tests too."""

from tests.accounts.boundary import (  # noqa: F401 - fixtures
    holbaek_admin,
    odense_team_kwargs,
    odense_user_kwargs,
)
