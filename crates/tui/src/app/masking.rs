//! Masking for screen sharing, as the app runs it: the key that masks and unmasks on every
//! layer, the reveal of one record or learner (audited by the backend), masking after an idle
//! time, and the pass over each drawn frame (`crate::mask`).

use super::App;
use crate::keymap::Action;
use crate::mask::{mask_frame, Personal, Revealable, Subject};
use crate::message::Effect;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use uln_api::ClientResult;

impl App {
    /// The masking keys, on whichever layer is on top (they are bound in forms too, as control
    /// keys); None when `key` is not one of them, so the layer gets it.
    pub(super) fn masking_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        self.masking.last_input = Some(self.now);
        match self.keymap.action_in(self.top().context(), key)? {
            Action::Mask => {
                self.masking.toggle();
                let text = if self.masking.on {
                    "masked for screen sharing"
                } else {
                    "unmasked: personal data is shown"
                };
                self.notify(text, false);
                Some(Vec::new())
            }
            Action::Reveal if self.masking.on => Some(self.reveal()),
            _ => None,
        }
    }

    /// Shows the details of the record or learner on screen while the rest stays masked, and
    /// has the backend audit it: who saw whose details during a screen share.
    fn reveal(&mut self) -> Vec<Effect> {
        let Some(shown) = self.revealable() else {
            self.notify("nothing to reveal here: open a record or a learner", true);
            return Vec::new();
        };
        if self.masking.revealed.as_ref() == Some(&shown.subject) {
            return Vec::new();
        }
        self.masking.revealed = Some(shown.subject.clone());
        self.notify(
            "details shown (audited); masked again with the mask key or another record",
            false,
        );
        vec![Effect::Reveal(shown.subject)]
    }

    pub(super) fn on_revealed(&mut self, subject: &Subject, result: ClientResult<()>) {
        if let Err(error) = result {
            let id = match subject {
                Subject::Record(id) => Some(*id),
                Subject::Learner(_) => None,
            };
            self.report("reveal audit", id, &error);
        }
    }

    /// While masked, the footer starts with how to reveal and unmask, so they are never the
    /// hints a narrow footer leaves out.
    pub(super) fn masking_hints(&self, hints: String) -> String {
        if !self.masking.on {
            return hints;
        }
        let context = self.top().context();
        let reveal = self.keymap.footer_label(context, Action::Reveal);
        let unmask = self.keymap.footer_label(context, Action::Mask);
        let sep = crate::screens::help::HINT_SEPARATOR;
        format!("{reveal} reveal{sep}{unmask} unmask{sep}{hints}")
    }

    /// The status bar's badge: ` MASKED ` (a word, not a colour, so it reads on any terminal)
    /// and ` DEMO `, first on the line, so a narrow status line never drops them.
    pub(super) fn badge(&self) -> Option<Span<'static>> {
        let masked = self.masking.on.then_some(" MASKED ");
        let demo = self.connection.demo.then_some(" DEMO ");
        let text: String = masked.into_iter().chain(demo).collect();
        (!text.is_empty()).then(|| Span::styled(text, self.theme.demo_badge()))
    }

    /// On each tick: masks once no key has been pressed for the config's idle time.
    pub(super) fn mask_if_idle(&mut self) {
        if self.masking.idle_at(self.now) {
            self.masking.on = true;
            self.masking.revealed = None;
            self.notify("masked after being idle; the mask key unmasks", false);
        }
    }

    /// The record or learner on screen: the nearest layer from the top that shows one (help
    /// over a record still shows that record), else the queue's selected row.
    fn revealable(&self) -> Option<Revealable> {
        self.layers()
            .rev()
            .find_map(|l| l.component().revealable())
            .or_else(|| crate::layer::Component::revealable(&self.queue))
    }

    /// Masks what was drawn in `area`, leaving a revealed subject's details readable while that
    /// subject is still the one on screen (it ends the reveal otherwise).
    pub(super) fn mask_drawn(&mut self, buf: &mut Buffer, area: Rect) {
        if !self.masking.on {
            return;
        }
        let mut known = Personal::default();
        crate::layer::Component::personal(&self.queue, &mut known);
        for layer in self.layers() {
            layer.component().personal(&mut known);
        }
        let on_screen = self.revealable();
        let shown = match (&self.masking.revealed, on_screen) {
            (Some(subject), Some(r)) if *subject == r.subject => r.values,
            (Some(_), _) => {
                self.masking.revealed = None;
                Personal::default()
            }
            (None, _) => Personal::default(),
        };
        mask_frame(buf, area, &known, &shown);
    }
}
