//! Acceptance lists and the grants their publication produces, in SQLite's dialect: the
//! bodies of the list and grant methods of the `Tx` implementation, which forwards to them
//! (`load_*` read, `store_*` write).
//!
//! Not here: the `Tx` implementation itself and the other areas (`tx`), row mapping (`rows`).

use crate::mapping::{backend, json, parse_enum};
use crate::rows::{grant_row, opt_json};
use crate::sql::{Row, query};
use crate::tx::{R, SqliteTx};
use chrono::NaiveDate;
use zhifa_domain::Id;
use zhifa_domain::acceptance::{AcceptanceList, ListItem, ListStatus};
use zhifa_domain::jurisdiction::Grant;
use zhifa_store::StoreError;

macro_rules! list_select {
    ($rest:literal) => {
        concat!(
            "select id, township_id, batch, status, consent, assessment, review, created_on, published_on, filed_on ",
            "from acceptance_lists ",
            $rest
        )
    };
}

impl SqliteTx {
    async fn list_items(&mut self, list_id: Id) -> R<Vec<ListItem>> {
        let rows = query(
            "select item_id, effective_from, transition_until from acceptance_list_items where list_id = ? order by position",
        )
        .bind(list_id)
        .fetch_all(&self.tx)
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(ListItem {
                    item_id: r.try_get("item_id").map_err(backend)?,
                    effective_from: r.try_get("effective_from").map_err(backend)?,
                    transition_until: r.try_get("transition_until").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn list_from_row(&mut self, r: &Row) -> R<AcceptanceList> {
        let id: Id = r.try_get("id").map_err(backend)?;
        Ok(AcceptanceList {
            id,
            township_id: r.try_get("township_id").map_err(backend)?,
            batch: r.try_get("batch").map_err(backend)?,
            status: parse_enum(
                &r.try_get::<String, _>("status").map_err(backend)?,
                ListStatus::parse,
            )?,
            items: self.list_items(id).await?,
            consent: opt_json(r, "consent")?,
            assessment: opt_json(r, "assessment")?,
            review: opt_json(r, "review")?,
            created_on: r.try_get("created_on").map_err(backend)?,
            published_on: r.try_get("published_on").map_err(backend)?,
            filed_on: r.try_get("filed_on").map_err(backend)?,
        })
    }

    async fn write_list_items(&mut self, list: &AcceptanceList) -> R<()> {
        query("delete from acceptance_list_items where list_id = ?")
            .bind(list.id)
            .execute(&self.tx)
            .map_err(backend)?;
        for (position, item) in list.items.iter().enumerate() {
            query(
                "insert into acceptance_list_items (list_id, position, item_id, effective_from, transition_until) values (?, ?, ?, ?, ?)",
            )
            .bind(list.id)
            .bind(position as i64)
            .bind(item.item_id)
            .bind(item.effective_from)
            .bind(item.transition_until)
            .execute(&self.tx)
            .map_err(backend)?;
        }
        Ok(())
    }

    pub(crate) async fn store_new_list(&mut self, l: &AcceptanceList) -> R<Id> {
        let row = query(
            "insert into acceptance_lists (township_id, batch, status, consent, assessment, review, created_on, published_on, filed_on) \
             values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(l.township_id)
        .bind(&l.batch)
        .bind(l.status.key())
        .bind(l.consent.as_ref().map(json))
        .bind(l.assessment.as_ref().map(json))
        .bind(l.review.as_ref().map(json))
        .bind(l.created_on)
        .bind(l.published_on)
        .bind(l.filed_on)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        let id: Id = row.try_get(0).map_err(backend)?;
        let stored = AcceptanceList { id, ..l.clone() };
        self.write_list_items(&stored).await?;
        Ok(id)
    }

    pub(crate) async fn store_list(&mut self, l: &AcceptanceList) -> R<()> {
        let done = query(
            "update acceptance_lists set batch = ?, status = ?, consent = ?, assessment = ?, review = ?, published_on = ?, filed_on = ? \
             where id = ?",
        )
        .bind(&l.batch)
        .bind(l.status.key())
        .bind(l.consent.as_ref().map(json))
        .bind(l.assessment.as_ref().map(json))
        .bind(l.review.as_ref().map(json))
        .bind(l.published_on)
        .bind(l.filed_on)
        .bind(l.id)
        .execute(&self.tx)
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.write_list_items(l).await
    }

    pub(crate) async fn load_list(&mut self, id: Id) -> R<Option<AcceptanceList>> {
        let row = query(list_select!("where id = ?"))
            .bind(id)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        match row {
            Some(r) => Ok(Some(self.list_from_row(&r).await?)),
            None => Ok(None),
        }
    }

    pub(crate) async fn load_lists(&mut self) -> R<Vec<AcceptanceList>> {
        let rows = query(list_select!("order by id"))
            .fetch_all(&self.tx)
            .map_err(backend)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.list_from_row(r).await?);
        }
        Ok(out)
    }

    pub(crate) async fn store_new_grant(&mut self, g: &Grant) -> R<Id> {
        let row = query(
            "insert into grants (township_id, item_id, list_id, effective_from, transition_until, until, withdrawal_reason) \
             values (?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(g.township_id)
        .bind(g.item_id)
        .bind(g.list_id)
        .bind(g.effective_from)
        .bind(g.transition_until)
        .bind(g.until)
        .bind(&g.withdrawal_reason)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_grant(&mut self, id: Id) -> R<Option<Grant>> {
        let row = query("select * from grants where id = ?")
            .bind(id)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(grant_row).transpose()
    }

    pub(crate) async fn load_grants_of(
        &mut self,
        township_id: Id,
        item_id: Option<Id>,
    ) -> R<Vec<Grant>> {
        let rows = query("select * from grants where township_id = ? and (? is null or item_id = ?) order by effective_from, id")
            .bind(township_id)
            .bind(item_id)
            .bind(item_id)
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(grant_row).collect()
    }

    pub(crate) async fn store_grant_end(
        &mut self,
        id: Id,
        until: NaiveDate,
        reason: &str,
    ) -> R<()> {
        let done = query(
            "update grants set until = ?, withdrawal_reason = ? where id = ? and until is null",
        )
        .bind(until)
        .bind(reason)
        .bind(id)
        .execute(&self.tx)
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    pub(crate) async fn load_grants(&mut self) -> R<Vec<Grant>> {
        let rows = query("select * from grants order by township_id, item_id, effective_from")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(grant_row).collect()
    }
}
