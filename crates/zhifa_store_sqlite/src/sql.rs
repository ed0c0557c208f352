//! Statements on a connection: a query with its bound values, run at once on the calling
//! thread, and rows handed back as owned values.
//!
//! SQLite runs in this process and a statement of the store takes microseconds, so statements
//! run synchronously where the use case runs, never through another thread (whose round trip
//! cost many times the statement). Values are bound in the store's stored forms: times as
//! RFC 3339 texts in UTC (`2026-11-27T02:00:00.005+00:00`), dates as `YYYY-MM-DD`, flags as 0 or
//! 1.
//!
//! Not here: which SQL runs (the `Tx` implementation and its area modules), error mapping
//! (`mapping`).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{FromSql, Value, ValueRef};
use rusqlite::{Connection, Error, params_from_iter};
use std::borrow::Cow;
use std::sync::Arc;

/// A value as the store binds it.
pub(crate) trait Bind {
    fn value(&self) -> Value;
}

impl Bind for Value {
    fn value(&self) -> Value {
        self.clone()
    }
}

impl Bind for i64 {
    fn value(&self) -> Value {
        Value::Integer(*self)
    }
}

impl Bind for i32 {
    fn value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}

impl Bind for bool {
    fn value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}

impl Bind for str {
    fn value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl Bind for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl Bind for [u8] {
    fn value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl Bind for Vec<u8> {
    fn value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl Bind for NaiveDate {
    fn value(&self) -> Value {
        Value::Text(self.format("%F").to_string())
    }
}

impl Bind for DateTime<Utc> {
    fn value(&self) -> Value {
        Value::Text(self.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }
}

impl<T: Bind + ?Sized> Bind for &T {
    fn value(&self) -> Value {
        (**self).value()
    }
}

impl<T: Bind> Bind for Option<T> {
    fn value(&self) -> Value {
        match self {
            Some(v) => v.value(),
            None => Value::Null,
        }
    }
}

/// A statement and the values bound to its parameters, in order.
pub(crate) struct Query {
    sql: Cow<'static, str>,
    values: Vec<Value>,
}

/// A statement to run: `sql` is one statement with `?` parameters.
pub(crate) fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query {
        sql: sql.into(),
        values: Vec::new(),
    }
}

/// What a statement that writes changed.
pub(crate) struct Done {
    rows: u64,
}

impl Done {
    pub(crate) fn rows_affected(&self) -> u64 {
        self.rows
    }
}

impl Query {
    pub(crate) fn bind(mut self, value: impl Bind) -> Query {
        self.values.push(value.value());
        self
    }

    pub(crate) fn execute(self, conn: &Connection) -> Result<Done, Error> {
        let mut statement = conn.prepare_cached(&self.sql)?;
        let rows = statement.execute(params_from_iter(self.values))?;
        Ok(Done { rows: rows as u64 })
    }

    pub(crate) fn fetch_all(self, conn: &Connection) -> Result<Vec<Row>, Error> {
        self.rows(conn, usize::MAX)
    }

    pub(crate) fn fetch_optional(self, conn: &Connection) -> Result<Option<Row>, Error> {
        Ok(self.rows(conn, 1)?.pop())
    }

    /// At most `limit` rows.
    fn rows(self, conn: &Connection, limit: usize) -> Result<Vec<Row>, Error> {
        let mut statement = conn.prepare_cached(&self.sql)?;
        let names: Arc<[String]> = statement
            .column_names()
            .into_iter()
            .map(String::from)
            .collect();
        let width = names.len();
        let mut rows = statement.query(params_from_iter(self.values))?;
        let mut out = Vec::new();
        while out.len() < limit
            && let Some(row) = rows.next()?
        {
            let values = (0..width)
                .map(|i| row.get::<_, Value>(i))
                .collect::<Result<Vec<_>, _>>()?;
            out.push(Row {
                names: names.clone(),
                values,
            });
        }
        Ok(out)
    }

    /// The first row; none is `QueryReturnedNoRows`, which the store reports as not found.
    pub(crate) fn fetch_one(self, conn: &Connection) -> Result<Row, Error> {
        self.fetch_optional(conn)?.ok_or(Error::QueryReturnedNoRows)
    }
}

/// A row of a result, owning its values.
pub(crate) struct Row {
    names: Arc<[String]>,
    values: Vec<Value>,
}

/// A column by position or by name.
pub(crate) trait Column {
    fn index(&self, names: &[String]) -> Result<usize, Error>;
}

impl Column for usize {
    fn index(&self, names: &[String]) -> Result<usize, Error> {
        if *self < names.len() {
            Ok(*self)
        } else {
            Err(Error::InvalidColumnIndex(*self))
        }
    }
}

impl Column for &str {
    fn index(&self, names: &[String]) -> Result<usize, Error> {
        names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(self))
            .ok_or_else(|| Error::InvalidColumnName(self.to_string()))
    }
}

impl Row {
    pub(crate) fn try_get<T: FromSql, C: Column>(&self, column: C) -> Result<T, Error> {
        let i = column.index(&self.names)?;
        T::column_result(ValueRef::from(&self.values[i])).map_err(|e| {
            Error::FromSqlConversionFailure(i, self.values[i].data_type(), Box::new(e))
        })
    }

    /// A text column, borrowed; `None` for NULL.
    pub(crate) fn text<C: Column>(&self, column: C) -> Result<Option<&str>, Error> {
        let i = column.index(&self.names)?;
        match &self.values[i] {
            Value::Null => Ok(None),
            Value::Text(t) => Ok(Some(t)),
            other => Err(Error::InvalidColumnType(
                i,
                self.names[i].clone(),
                other.data_type(),
            )),
        }
    }

    /// A blob column, borrowed; `None` for NULL.
    pub(crate) fn blob<C: Column>(&self, column: C) -> Result<Option<&[u8]>, Error> {
        let i = column.index(&self.names)?;
        match &self.values[i] {
            Value::Null => Ok(None),
            Value::Blob(b) => Ok(Some(b)),
            other => Err(Error::InvalidColumnType(
                i,
                self.names[i].clone(),
                other.data_type(),
            )),
        }
    }
}
