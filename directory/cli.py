"""The `seres` command: one group per sub-package (directory, sync, models, access, courses)."""

import click

from directory.courses.cli import courses_group
from directory.grants.cli import access
from directory.modelstore.cli import models_group
from directory.server.cli import directory_group
from directory.sync.cli import sync


@click.group()
def main() -> None:
    """SERES access register: directory, sync, models and access."""


main.add_command(directory_group)
main.add_command(sync)
main.add_command(models_group)
main.add_command(access)
main.add_command(courses_group)

if __name__ == "__main__":
    main()
