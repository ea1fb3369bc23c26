//! What the app does with a layer's intents: the moves that need more than the layer itself
//! (the stack, the queue, the drafts).

use super::App;
use crate::layer::{Intent, Layer};
use crate::message::Effect;
use crate::screens::challenges::ChallengesScreen;
use crate::screens::command::CommandLine;
use crate::screens::confirm::ConfirmQuit;
use crate::screens::help::HelpOverlay;
use crate::screens::plr::{PlrMode, PlrScreen};
use uln_api::LearnerFields;

impl App {
    /// Carries out a layer's intents in order; `Close` closes the layer on top.
    pub(super) fn apply(&mut self, intents: Vec<Intent>) -> Vec<Effect> {
        let mut effects = Vec::new();
        for intent in intents {
            match intent {
                Intent::Effect(effect) => effects.push(effect),
                Intent::Notify { text, error } => self.notify(text, error),
                Intent::Close => self.close(),
                Intent::Open(layer) => self.open(layer),
                Intent::Help => self.open_help(),
                Intent::CommandLine => {
                    let queues = self.queue.queues.iter().map(|q| q.queue.to_string());
                    self.open(Layer::CommandLine(CommandLine::new(
                        queues.collect::<Vec<_>>(),
                    )));
                }
                Intent::PlrLookup(uln) => self.open_plr(&uln),
                Intent::OpenRecord(id) => effects.extend(self.open_record(id)),
                Intent::Walk(step) => effects.extend(self.walk(step)),
                Intent::Amend(suggestion) => self.open_amend(suggestion.as_ref()),
                Intent::SetFilter(text) => self.queue.set_filter(text),
                Intent::RunCommand(text) => effects.extend(self.run_command(&text)),
                Intent::Quit => effects.extend(self.quit()),
            }
        }
        effects
    }

    /// The keys of the layer on top, over it.
    fn open_help(&mut self) {
        let top = self.top();
        let help = HelpOverlay::new(top.title(), top.keys(), top.help_topics());
        self.open(Layer::Help(help));
    }

    /// Opens the amend form for the record on top: its draft if there is one, else a fresh form.
    fn open_amend(&mut self, suggestion: Option<&LearnerFields>) {
        let Some(record) = self.layers().rev().find_map(|l| match l {
            Layer::Record(r) => Some(r),
            _ => None,
        }) else {
            return;
        };
        let fresh = match record.amend_form() {
            Ok(form) => form,
            Err(why) => return self.notify(why, true),
        };
        let mut form = self.drafts.remove(&fresh.id).unwrap_or(fresh);
        if let Some(amendment) = suggestion {
            form.apply(amendment);
        }
        self.open(Layer::Amend(Box::new(form)));
    }

    /// Opens the lookup over wherever the operator is; a ULN may be given (`:plr 1234567890`).
    /// On the lookup already, a half-typed query is kept unless a ULN is given.
    fn open_plr(&mut self, uln: &str) {
        if let Some(Layer::Plr(plr)) = self.top_layer() {
            if uln.trim().is_empty() && plr.mode == PlrMode::Query {
                return;
            }
        }
        if matches!(self.top_layer(), Some(Layer::Plr(_))) {
            self.close();
        }
        self.open(Layer::Plr(Box::new(PlrScreen::with_uln(uln))));
    }

    fn open_challenges(&mut self) -> Vec<Effect> {
        if matches!(self.top_layer(), Some(Layer::Challenges(_))) {
            self.close();
        }
        self.open(Layer::Challenges(ChallengesScreen::loading()));
        vec![Effect::LoadChallenges]
    }

    fn run_command(&mut self, text: &str) -> Vec<Effect> {
        match text {
            "" => Vec::new(),
            "q" | "quit" => self.quit(),
            "help" => {
                self.open_help();
                Vec::new()
            }
            "refresh" => vec![Effect::LoadQueues, self.queue.reload()],
            "challenges" => self.open_challenges(),
            plr if plr == "plr" || plr.starts_with("plr ") => {
                self.open_plr(plr.trim_start_matches("plr"));
                Vec::new()
            }
            name => match self
                .queue
                .queues
                .iter()
                .position(|q| q.queue.wire_name() == name)
            {
                Some(index) => {
                    self.queue.queue_index = index;
                    self.queue.selected = None;
                    self.close_all();
                    vec![self.queue.reload()]
                }
                None => {
                    self.notify(format!("unknown command: {name} (tab completes)"), true);
                    Vec::new()
                }
            },
        }
    }

    /// Quits, unless edits are unsent: then it asks first, and a second quit key quits.
    fn quit(&mut self) -> Vec<Effect> {
        let asked = matches!(self.top_layer(), Some(Layer::ConfirmQuit(_)));
        let open_forms = self.layers().filter_map(|l| match l {
            Layer::Amend(form) => Some(form.as_ref()),
            _ => None,
        });
        let unsent = self
            .drafts
            .values()
            .chain(open_forms)
            .any(|d| !d.changed().is_empty());
        if unsent && !asked {
            self.open(Layer::ConfirmQuit(ConfirmQuit));
            self.notify(
                "an amendment is not sent yet: quit again to discard it",
                true,
            );
            return Vec::new();
        }
        self.running = false;
        vec![Effect::Quit]
    }
}
