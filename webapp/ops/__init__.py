"""Operations: /healthz, /readyz and /metrics (Prometheus); see docs/operations.md."""
