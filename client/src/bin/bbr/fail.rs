//! Why a command failed, and the exit code that says so (documented in `bbr --help`).

use registry_client::ClientError;

/// The exit codes, one per kind of failure, so that scripts can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Anything else: the registry failed (5xx), a local file could not be written, …
    Other = 1,
    /// The command line or an input file is wrong (clap uses 2 for usage errors too).
    Usage = 2,
    /// The registry refused the request (4xx other than 409 and 412).
    Refused = 3,
    /// The entry changed meanwhile or is another node's (409, 412).
    Conflict = 4,
    /// No answer from the registry (connection refused, timeout, DNS).
    Network = 5,
}

#[derive(Debug)]
pub struct Fail {
    pub kind: Kind,
    /// What to print, possibly on several lines.
    pub message: String,
}

impl Fail {
    pub fn new(kind: Kind, message: String) -> Fail {
        Fail { kind, message }
    }
    pub fn usage(message: String) -> Fail {
        Fail::new(Kind::Usage, message)
    }
    pub fn local(message: String) -> Fail {
        Fail::new(Kind::Other, message)
    }
}

/// The kind of failure an HTTP status is.
pub fn kind_of_status(status: u16) -> Kind {
    match status {
        409 | 412 => Kind::Conflict,
        400..=499 => Kind::Refused,
        _ => Kind::Other,
    }
}

impl From<ClientError> for Fail {
    fn from(e: ClientError) -> Fail {
        match e {
            ClientError::Http(e) if e.is_builder() => Fail::usage(format!("bad request: {e}")),
            ClientError::Http(e) => {
                let mut message = format!("no answer from the registry: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                Fail::new(Kind::Network, message)
            }
            ClientError::Problem { status, problem } => {
                let mut message = format!("{} ({})", problem.title, status.as_u16());
                if !problem.detail.is_empty() {
                    message.push_str(&format!("\n  {}", problem.detail));
                }
                for f in &problem.errors {
                    let line = format!("{}: {}", f.field, f.message);
                    // A problem with one field error often says it as its detail already.
                    if line != problem.detail {
                        message.push_str(&format!("\n  - {line}"));
                    }
                }
                if status.as_u16() == 401 {
                    message.push_str(
                        "\n  the token was refused: `bbr login` fetches a new one with the profile's client",
                    );
                }
                if !problem.required_roles.is_empty() {
                    message.push_str(&format!(
                        "\n  any of these roles would allow it: {}",
                        problem.required_roles.join(", ")
                    ));
                }
                Fail::new(kind_of_status(status.as_u16()), message)
            }
            ClientError::Unexpected { status, body } => {
                let mut body: String = body.chars().take(500).collect();
                if body.is_empty() {
                    body = "(no body)".into();
                }
                Fail::new(
                    kind_of_status(status.as_u16()),
                    format!("the registry answered {status}: {body}"),
                )
            }
            ClientError::Token(message) => Fail::new(
                Kind::Refused,
                format!("no token: {message}\n  check the profile's client id and secret (bbr profile add)"),
            ),
        }
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail::local(e.to_string())
    }
}
