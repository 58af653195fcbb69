"""Orders without Flask: field checks, the workflow, storage in ou=orders, provisioning, who is told."""
