//! The client's side of a record's audit trail, beyond the latest entries its detail carries.

use super::client::{ApiClient, ClientResult};
use super::types::AuditPage;
use reqwest::Method;

impl ApiClient {
    /// A page of record `id`'s audit trail, newest first: the entries older than the entry
    /// `before` (a page's `next_before`), or from the newest without it; `limit` 1–200, default
    /// 50. The backend audits the read as a view of the record.
    pub async fn audit_page(
        &self,
        id: i64,
        before: Option<i64>,
        limit: Option<u32>,
    ) -> ClientResult<AuditPage> {
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(before) = before {
            params.push(("before", before.to_string()));
        }
        if let Some(limit) = limit {
            params.push(("limit", limit.to_string()));
        }
        let path = format!("/exceptions/{id}/audit");
        self.send(self.request(Method::GET, &path).query(&params))
            .await
    }
}
