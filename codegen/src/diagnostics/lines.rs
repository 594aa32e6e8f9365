//! The lines of a spec's text, looked up by number to show the line a diagnostic is on.

/// The lines of a text, to look many up by number.
pub struct Lines<'t> {
    text: &'t str,
    /// The byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Finds where every line of `text` starts.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Lines { text, starts }
    }

    /// The text of line `line` (1-based), without its line break.
    pub fn get(&self, line: usize) -> Option<&'t str> {
        let index = line.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_strip_the_line_break() {
        let lines = Lines::new("a\r\nb\n");
        assert_eq!(lines.get(1), Some("a"));
        assert_eq!(lines.get(2), Some("b"));
        assert_eq!(lines.get(0), None);
        assert_eq!(Lines::new("a\n").get(3), None);
    }

    /// The text of line `line` (1-based), without its line break, read from the start: what
    /// [`Lines`] gives faster.
    fn line_text(text: &str, line: usize) -> Option<&str> {
        let line = text.split('\n').nth(line.checked_sub(1)?)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    #[test]
    fn lines_are_line_text() {
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb\n",
            "\n\n",
            "a\nb\r\n\r\nc",
            "é\nü\r",
        ] {
            let lines = Lines::new(text);
            for line in 0..6 {
                assert_eq!(
                    lines.get(line),
                    line_text(text, line),
                    "{text:?} line {line}"
                );
            }
        }
    }
}
