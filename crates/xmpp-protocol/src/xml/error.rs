//! Parse errors, each carrying what was found, so a log line says what the server sent.

/// Why a piece of text is not an acceptable XMPP XML element.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    #[error("the input contains no element")]
    NoRoot,
    #[error("the frame is {size} bytes; at most {limit} are accepted")]
    FrameTooLarge { size: usize, limit: usize },
    #[error("elements are nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("{name:?} is not a valid XML name")]
    InvalidName { name: String },
    #[error("<{element}> has more than {limit} attributes")]
    TooManyAttributes { element: String, limit: usize },
    #[error("attribute {name:?} is {size} bytes; at most {limit} are accepted")]
    AttributeValueTooLong {
        name: String,
        size: usize,
        limit: usize,
    },
    #[error("attribute {name:?} appears twice on <{element}>")]
    DuplicateAttribute { element: String, name: String },
    #[error("attribute {name:?} contains a raw '<'")]
    LessThanInAttribute { name: String },
    #[error("DOCTYPE declarations are not allowed in XMPP")]
    Doctype,
    #[error("processing instruction <?{target} ...?> is not allowed in XMPP")]
    ProcessingInstruction { target: String },
    #[error("the XML declaration may only appear at the very start")]
    MisplacedDeclaration,
    #[error("entity &{name}; is not one of the five predefined XML entities")]
    UnknownEntity { name: String },
    #[error("character reference &{reference}; is invalid")]
    InvalidCharRef { reference: String },
    #[error("character U+{code:04X} is not allowed in XML")]
    ForbiddenChar { code: u32 },
    #[error("namespace prefix {prefix:?} is not declared")]
    UnknownPrefix { prefix: String },
    #[error("invalid namespace declaration: {reason}")]
    InvalidNamespace { reason: String },
    #[error("<{name}> is not closed")]
    UnclosedElement { name: String },
    #[error("expected </{expected}> but found </{found}>")]
    MismatchedEnd { expected: String, found: String },
    #[error("</{name}> closes an element that was never opened")]
    UnexpectedEnd { name: String },
    #[error("a second root element <{name}> follows the first")]
    MultipleRoots { name: String },
    #[error("text {text:?} appears outside the root element")]
    TrailingContent { text: String },
    #[error("malformed XML at byte {position}: {message}")]
    Syntax { position: u64, message: String },
}
