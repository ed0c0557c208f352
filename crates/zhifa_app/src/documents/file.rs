//! The case file (案卷): the issued documents of a case in the order of the archive — the
//! cover and index first, then the documents in the order of a case file, each kind's items
//! in turn, the older of two issues of one document first.

use crate::App;
use crate::error::AppResult;
use zhifa_domain::Id;
use zhifa_domain::documents::{DocKind, DocRef};
use zhifa_store::DocumentRecord;

impl App {
    /// The issued documents of case `case_id` in archive order, each with its kind and item;
    /// only the latest cover (it lists all that came before it). For the export of a case
    /// file, which has no signed-in user.
    pub async fn case_file(&self, case_id: Id) -> AppResult<Vec<(DocRef, DocumentRecord)>> {
        let mut tx = self.begin_read().await?;
        let records = tx.documents_of_case(case_id).await?;
        drop(tx);
        let mut file: Vec<(DocRef, DocumentRecord)> = records
            .into_iter()
            .filter_map(|r| Some((DocRef::parse(&r.kind)?, r)))
            .collect();
        let latest_cover = file
            .iter()
            .filter(|(d, _)| d.kind == DocKind::FileCover)
            .map(|(_, r)| r.id)
            .max();
        file.retain(|(d, r)| d.kind != DocKind::FileCover || Some(r.id) == latest_cover);
        file.sort_by_key(|(d, r)| (*d, r.id));
        Ok(file)
    }
}
