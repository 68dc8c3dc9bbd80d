"""The stage services the CLI and the web app call, and the composition root that builds them.

Each service takes only what it needs (database, vector store, embedder, models, settings),
holds the validation and business rules of its stage, and is built once per process by
`service.stages.root.Root`.
"""
