//! The team's requests: who records can be given to, a record assigned, and a shift handed over.

use crate::message::{Effect, Message};
use uln_api::ApiClient;

/// Asks the backend what `effect` wants; None for an effect that is not one of these.
pub(super) async fn answer(effect: Effect, client: &ApiClient) -> Option<Message> {
    Some(match effect {
        Effect::LoadColleagues => Message::Colleagues(client.colleagues().await),
        Effect::Assign {
            id,
            version,
            to,
            message,
        } => {
            let result = client
                .assign(id, version, to.as_deref(), message.as_deref())
                .await;
            Message::Assigned {
                id,
                result: Box::new(result),
            }
        }
        Effect::LoadHandover => Message::Handover(client.handover_summary(None).await),
        Effect::HandOver(request) => Message::HandedOver(client.hand_over(&request).await),
        _ => return None,
    })
}
