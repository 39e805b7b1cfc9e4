"""The knowledge base: articles and their versions, interchange files, indexes and retrieval."""
