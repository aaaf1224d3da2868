"""Socket.IO handlers: validate, call the service, ack. The contract is docs/protocol.md."""
