"""The `seres` command: one group per sub-package (directory, sync, models, access, agencies, digest, orders, courses)."""

import click

from directory.agencies.cli import agencies_group
from directory.courses.cli import courses_group
from directory.digest.cli import digest_group
from directory.grants.cli import access
from directory.modelstore.cli import models_group
from directory.orders.cli import orders_group
from directory.server.cli import directory_group
from directory.sync.cli import sync


@click.group()
def main() -> None:
    """SERES access register: directory, sync, models, access, agencies, digests and orders."""


main.add_command(directory_group)
main.add_command(sync)
main.add_command(models_group)
main.add_command(access)
main.add_command(agencies_group)
main.add_command(digest_group)
main.add_command(orders_group)
main.add_command(courses_group)

if __name__ == "__main__":
    main()
