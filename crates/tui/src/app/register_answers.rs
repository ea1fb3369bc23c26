//! What the app does with the register's answers (a search for a record's learner, the
//! operator's own search, a PLR) and with data challenges raised or listed: each goes to the
//! dialog it is for, if it is still open.

use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use uln_api::ClientResult;

impl App {
    /// The register answered a search; dropped if its dialog was closed meanwhile.
    pub(super) fn on_learner_search(
        &mut self,
        id: i64,
        result: ClientResult<uln_api::LearnerSearchResponse>,
    ) {
        match result {
            Ok(answer) => {
                self.connection.online = true;
                if let Some(dialog) = self.find(Layer::matches_mut).find(|d| d.id == id) {
                    dialog.answered(answer);
                }
            }
            Err(e) => {
                if matches!(self.top_layer(), Some(Layer::Matches(d)) if d.id == id) {
                    self.close();
                }
                self.report("register search", Some(id), &e);
            }
        }
    }

    /// The register answered the operator's search; dropped if the search was closed meanwhile.
    pub(super) fn on_register_search(
        &mut self,
        result: ClientResult<uln_api::LearnerSearchResponse>,
    ) {
        let search = self.find(Layer::register_mut).next();
        match (result, search) {
            (Ok(answer), Some(search)) => search.answered(answer),
            (Ok(_), None) => {}
            (Err(e), search) => {
                if let Some(search) = search {
                    search.failed(&e);
                }
                self.report("register search", None, &e);
            }
        }
    }

    pub(super) fn on_plr(&mut self, result: ClientResult<uln_api::PlrResponse>) -> Vec<Effect> {
        let explained = result
            .as_ref()
            .err()
            .and_then(|e| self.explain_unavailable(e));
        let plr = self.find(Layer::plr_mut).next();
        match (result, plr) {
            (Ok(response), Some(plr)) => {
                if let Some(refusal) = plr.answered(response) {
                    self.notify(refusal, true);
                }
                vec![]
            }
            (Ok(_), None) => vec![],
            (Err(e), plr) => {
                if let Some(plr) = plr {
                    match explained {
                        Some(why) => plr.failed_because(why),
                        None => plr.failed(&e),
                    }
                }
                self.report("PLR lookup", None, &e);
                self.register_refused(&e)
            }
        }
    }

    pub(super) fn on_challenge_raised(
        &mut self,
        result: ClientResult<uln_api::ChallengeView>,
    ) -> Vec<Effect> {
        let plr = self.find(Layer::plr_mut).next();
        match result {
            Ok(challenge) => {
                let intents = plr.map(|p| p.challenge_raised(&challenge));
                self.notify(
                    format!(
                        "data challenge {} raised ({})",
                        challenge.reference,
                        challenge.kind.label()
                    ),
                    false,
                );
                self.apply(intents.unwrap_or_default())
            }
            Err(e) => {
                // The draft stays in the form so nothing typed is lost.
                if let Some(plr) = plr {
                    plr.failed(&e);
                }
                self.report("challenge", None, &e);
                Vec::new()
            }
        }
    }

    pub(super) fn on_challenges(&mut self, result: ClientResult<uln_api::ChallengeList>) {
        let list = self.find(Layer::challenges_mut).next();
        match (result, list) {
            (Ok(answer), Some(list)) => {
                list.loading = false;
                list.items = answer.challenges;
                list.cursor = list.cursor.min(list.items.len().saturating_sub(1));
            }
            (Ok(_), None) => {}
            (Err(e), list) => {
                if let Some(list) = list {
                    list.loading = false;
                }
                self.report("challenges", None, &e);
            }
        }
    }
}
