"""The event outbox and, in later work, the broker and webhook delivery."""
