"""One reader per manual format; each turns a file into an `ExtractedDocument`."""
