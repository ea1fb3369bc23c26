//! Colours and emphasis. Meaning is never carried by colour alone: bands have words or symbols,
//! comparisons have marks. With `NO_COLOR` set the theme uses only bold, underline and reverse.

use ratatui::style::{Color, Modifier, Style};
use uln_domain::DeadlineBand;

#[derive(Debug, Clone)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    /// Colour unless the config turns it off or `NO_COLOR` is set (to anything but empty).
    pub fn from_env(colour_configured: bool) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            colour: colour_configured && !no_color,
        }
    }

    pub fn monochrome() -> Theme {
        Theme { colour: false }
    }

    fn fg(&self, colour: Color) -> Style {
        if self.colour {
            Style::new().fg(colour)
        } else {
            Style::new()
        }
    }

    pub fn band(&self, band: DeadlineBand) -> Style {
        match band {
            DeadlineBand::Overdue => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            DeadlineBand::Under48h => self.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            DeadlineBand::Under7d => self.fg(Color::Yellow),
            DeadlineBand::Under14d => self.fg(Color::Cyan),
            DeadlineBand::Later => Style::new(),
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn highlight(&self) -> Style {
        self.fg(Color::LightYellow).add_modifier(Modifier::BOLD)
    }

    pub fn matched(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn similar(&self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn differs(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn demo_badge(&self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}

/// A symbol per band, so the countdown column reads without colour.
pub fn band_symbol(band: DeadlineBand) -> &'static str {
    match band {
        DeadlineBand::Overdue => "!!",
        DeadlineBand::Under48h => "! ",
        DeadlineBand::Under7d => "▲ ",
        DeadlineBand::Under14d => "· ",
        DeadlineBand::Later => "  ",
    }
}
