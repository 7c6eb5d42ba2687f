"""infraplan: MLIT's infrastructure-export action plan (2023) as a queryable knowledge base."""

__version__ = "0.1.0"
