//! What autogenerate drafts from, apart from the drafting itself so that writing a revision
//! (which drafts for `revision --autogenerate`) and drafting need not import each other.

use crate::schema::Rename;

/// What to draft from: the parent (`--head`, else the single head), a live database to compare
/// with instead of the revisions, and the drops and adds to take as renames.
#[derive(Debug, Clone, Default)]
pub struct DraftRequest {
    pub head: Option<String>,
    pub against_url: Option<String>,
    pub renames: Vec<Rename>,
}
