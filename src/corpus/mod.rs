//! Stub: filled by the corpus work.
