"""Relais: a customer-service assistant that answers from a knowledge base and hands over to humans."""

__version__ = "0.1.0"
