"""The service desk's pages: a person's sign-in state, unlock, activation links."""
