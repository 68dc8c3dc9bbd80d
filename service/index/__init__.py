"""Index stage: embeddings, the vector store and the keyword index."""
