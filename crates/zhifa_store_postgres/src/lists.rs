//! Acceptance lists and the grants their publication produces, in PostgreSQL's dialect: the
//! bodies of the list and grant methods of the `Tx` implementation, which forwards to them
//! (`load_*` read, `store_*` write). Each write runs under the savepoint of `atomic!`.
//!
//! Not here: the `Tx` implementation itself and the other areas (`tx`), row mapping (`rows`).

use crate::mapping::{backend, json, parse_enum};
use crate::rows::{grant_row, opt_json};
use crate::tx::{PgTx, R, atomic};
use chrono::NaiveDate;
use sqlx::Row;
use sqlx::postgres::PgRow;
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

impl PgTx {
    async fn list_items(&mut self, list_id: Id) -> R<Vec<ListItem>> {
        let rows = sqlx::query(
            "select item_id, effective_from, transition_until from acceptance_list_items where list_id = $1 order by position",
        )
        .bind(list_id)
        .fetch_all(&mut *self.tx)
        .await
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

    async fn list_from_row(&mut self, r: &PgRow) -> R<AcceptanceList> {
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
        sqlx::query("delete from acceptance_list_items where list_id = $1")
            .bind(list.id)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        for (position, item) in list.items.iter().enumerate() {
            sqlx::query(
                "insert into acceptance_list_items (list_id, position, item_id, effective_from, transition_until) values ($1, $2, $3, $4, $5)",
            )
            .bind(list.id)
            .bind(position as i64)
            .bind(item.item_id)
            .bind(item.effective_from)
            .bind(item.transition_until)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        }
        Ok(())
    }

    pub(crate) async fn store_new_list(&mut self, l: &AcceptanceList) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into acceptance_lists (township_id, batch, status, consent, assessment, review, created_on, published_on, filed_on) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
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
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            let id: Id = row.try_get(0).map_err(backend)?;
            let stored = AcceptanceList { id, ..l.clone() };
            self.write_list_items(&stored).await?;
            Ok(id)
        })
    }

    pub(crate) async fn store_list(&mut self, l: &AcceptanceList) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query(
                "update acceptance_lists set batch = $1, status = $2, consent = $3, assessment = $4, review = $5, published_on = $6, filed_on = $7 \
                 where id = $8",
            )
            .bind(&l.batch)
            .bind(l.status.key())
            .bind(l.consent.as_ref().map(json))
            .bind(l.assessment.as_ref().map(json))
            .bind(l.review.as_ref().map(json))
            .bind(l.published_on)
            .bind(l.filed_on)
            .bind(l.id)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            self.write_list_items(l).await
        })
    }

    pub(crate) async fn load_list(&mut self, id: Id) -> R<Option<AcceptanceList>> {
        let row = sqlx::query(list_select!("where id = $1"))
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        match row {
            Some(r) => Ok(Some(self.list_from_row(&r).await?)),
            None => Ok(None),
        }
    }

    pub(crate) async fn load_lists(&mut self) -> R<Vec<AcceptanceList>> {
        let rows = sqlx::query(list_select!("order by id"))
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.list_from_row(r).await?);
        }
        Ok(out)
    }

    pub(crate) async fn store_new_grant(&mut self, g: &Grant) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into grants (township_id, item_id, list_id, effective_from, transition_until, until, withdrawal_reason) \
                 values ($1, $2, $3, $4, $5, $6, $7) returning id",
            )
            .bind(g.township_id)
            .bind(g.item_id)
            .bind(g.list_id)
            .bind(g.effective_from)
            .bind(g.transition_until)
            .bind(g.until)
            .bind(&g.withdrawal_reason)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    pub(crate) async fn load_grant(&mut self, id: Id) -> R<Option<Grant>> {
        let row = sqlx::query("select * from grants where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(grant_row).transpose()
    }

    pub(crate) async fn load_grants_of(
        &mut self,
        township_id: Id,
        item_id: Option<Id>,
    ) -> R<Vec<Grant>> {
        let rows = sqlx::query("select * from grants where township_id = $1 and ($2::bigint is null or item_id = $2) order by effective_from, id")
            .bind(township_id)
            .bind(item_id)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(grant_row).collect()
    }

    pub(crate) async fn store_grant_end(
        &mut self,
        id: Id,
        until: NaiveDate,
        reason: &str,
    ) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query("update grants set until = $1, withdrawal_reason = $2 where id = $3 and until is null")
                .bind(until)
                .bind(reason)
                .bind(id)
                .execute(&mut *self.tx)
                .await
                .map_err(backend)?;
            if done.rows_affected() == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }

    pub(crate) async fn load_grants(&mut self) -> R<Vec<Grant>> {
        let rows =
            sqlx::query("select * from grants order by township_id, item_id, effective_from")
                .fetch_all(&mut *self.tx)
                .await
                .map_err(backend)?;
        rows.iter().map(grant_row).collect()
    }
}
