//! The help desk's requests beside the queue's: the register searched from anywhere, a phone
//! call's checks and wrap-up, and an export recorded before it is written.

use crate::message::{Effect, Message};
use uln_api::ApiClient;

/// Asks the backend what `effect` wants; None for an effect that is not one of these.
pub(super) async fn answer(effect: Effect, client: &ApiClient) -> Option<Message> {
    Some(match effect {
        Effect::LoadRegisterStatus => Message::RegisterStatus(client.register_status().await),
        Effect::SearchRegister(query) => {
            Message::RegisterSearch(Box::new(client.search_register(&query).await))
        }
        Effect::CheckCaller(q) => {
            let result = client
                .plr(
                    &q.uln,
                    &q.family_name,
                    &q.date_of_birth,
                    q.given_name.as_deref(),
                )
                .await;
            Message::CallerChecked(Box::new(result))
        }
        Effect::RecordExport(file) => {
            let result = client.record_export(&file.audit).await;
            Message::ExportRecorded {
                file: Box::new(file),
                result,
            }
        }
        Effect::RecordCall(call) => Message::CallRecorded(client.record_call(&call).await),
        Effect::LoadCalls => Message::Calls(client.recent_calls().await),
        Effect::AddNote { id, text } => Message::NoteAdded {
            id,
            result: client.add_note(id, &text).await,
        },
        Effect::SearchForCaller {
            given_name,
            family_name,
            date_of_birth,
        } => {
            let result = client
                .search_by_caller(&given_name, &family_name, &date_of_birth)
                .await;
            Message::CallerSearch(Box::new(result))
        }
        _ => return None,
    })
}
