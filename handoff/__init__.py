"""Handing a conversation over to a human: queue, routing, agents and the context packet."""
