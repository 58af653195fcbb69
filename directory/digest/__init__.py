"""The daily digest: order and review news for owners who chose it (docs/desk.md)."""
