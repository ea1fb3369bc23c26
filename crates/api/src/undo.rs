//! Undo on the wire: an operator takes back their own latest change to a record within the
//! server's undo window. Version-guarded like every change; the answer is the record restored.

use crate::client::{ApiClient, ClientResult};
use crate::types::ExceptionDetail;
use reqwest::Method;

impl ApiClient {
    /// Undoes this operator's latest change to record `id`, read at `version`
    /// (`POST /exceptions/{id}/undo`).
    pub async fn undo(&self, id: i64, version: i64) -> ClientResult<ExceptionDetail> {
        let request = self
            .request(Method::POST, &format!("/exceptions/{id}/undo"))
            .header("If-Match", format!("\"{version}\""));
        self.send(request).await
    }
}
