"""Django's command line for the workspace (`bettercare-web COMMAND` or
`python -m bettercare.web.manage COMMAND`): db_worker, migrate, create_token, …"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bettercare.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
