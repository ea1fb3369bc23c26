//! Asked before the queue is written to a file: what will be written where, the personal-data
//! warning, and whether a file there will be replaced. `y` writes; any other key does not.

use crate::export::WARNING;
use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::message::{Effect, ExportFile};
use crate::screens::help;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

#[derive(Debug)]
pub struct ConfirmExport {
    /// The queue as it was shown when the operator asked, ready to write.
    pub file: ExportFile,
    /// What the queue view was: its name, filter and order, to say what is being written.
    pub view: String,
}

impl ConfirmExport {
    fn lines(&self) -> Vec<Line<'static>> {
        let f = &self.file;
        let mut lines = vec![
            Line::from(format!(
                "Write {} rows ({}) to {}?",
                f.rows,
                self.view,
                f.path.display()
            )),
            Line::from(""),
            Line::from(WARNING),
        ];
        if f.replace {
            lines.push(Line::from(""));
            lines.push(Line::from(format!(
                "{} already exists: y replaces it.",
                f.path.display()
            )));
        }
        lines.push(Line::from(""));
        lines.push(Line::from("y to write · any other key cancels"));
        lines
    }
}

impl Component for ConfirmExport {
    fn title(&self) -> &'static str {
        "export"
    }

    fn keys(&self) -> &'static [Action] {
        &[Action::Confirm, Action::Cancel]
    }

    /// Read like a form, so the confirm key is the same as in the other confirmations.
    fn context(&self) -> Context {
        Context::Form
    }

    /// As the other confirmations: `y` or the confirm key writes; any other key cancels.
    fn footer(&self, keymap: &Keymap) -> String {
        format!(
            "y write the file · {} · any other key cancels",
            help::footer(self.keys(), self.context(), keymap)
        )
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if key.code == KeyCode::Char('y') || action == Some(Action::Confirm) {
            return vec![
                Intent::Close,
                Intent::Effect(Effect::RecordExport(self.file.clone())),
            ];
        }
        vec![Intent::Close, Intent::notify("nothing written", false)]
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, _cx: &Cx) {
        let lines = self.lines();
        // Room for the wrapped lines and the borders.
        let height = (lines.len() as u16 + 5).min(area.height);
        let popup = crate::view::centred(area, 72, height);
        Clear.render(popup, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Export the queue as shown "),
            )
            .render(popup, buf);
    }
}
