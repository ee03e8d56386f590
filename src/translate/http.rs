//! What the HTTP backends share: the client, sending a JSON body with a time-out, reading
//! `Retry-After`, and turning transport errors into [`Failure`]s.

use std::time::Duration;

use super::backend::{Failure, Reply, StopKind};

/// Longest `Retry-After` honoured; a server asking for more stops the run (openai-python
/// does the same since 2.52).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// The client every HTTP backend uses: rustls, a user agent (DeepL's mock refuses requests
/// without one), the per-request time-out from the backend settings.
pub fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(concat!("dramaloc/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .build()
        .map_err(|e| e.to_string())
}

/// A successful or failed exchange, before the backend classifies it.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text for messages (lossy, cut to a readable length).
    pub fn text(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        if text.chars().count() > 300 {
            format!("{}…", text.chars().take(300).collect::<String>())
        } else {
            text.to_owned()
        }
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The reply of a 2xx answer.
    pub fn into_reply(self, billed_header: Option<u64>) -> Reply {
        Reply {
            body: self.body,
            billed_header,
        }
    }

    /// The status and the server's own words, for a failure message.
    pub fn describe(&self, message: Option<String>) -> String {
        let words = message
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| self.text());
        if words.is_empty() {
            format!("HTTP {}", self.status)
        } else {
            format!("HTTP {}: {words}", self.status)
        }
    }

    /// Retry after the server's delay, or stop when it asks for more than we wait.
    pub fn retry(&self, message: String) -> Failure {
        match self.retry_after {
            Some(d) if d > MAX_RETRY_AFTER => Failure::Stop {
                kind: StopKind::Gave,
                message: format!("{message} (the server asks to wait {} s)", d.as_secs()),
            },
            after => Failure::Retry { after, message },
        }
    }
}

/// Send a request and read the whole answer. Connection failures and time-outs are
/// retryable; nothing else is decided here.
pub async fn exchange(request: reqwest::RequestBuilder) -> Result<Answer, Failure> {
    let response = request.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let retry_after = retry_after(&headers);
    let body = response.bytes().await.map_err(transport)?.to_vec();
    Ok(Answer {
        status,
        retry_after,
        headers,
        body,
    })
}

/// A transport error: time-outs and connection failures are retried; anything else (a bad
/// URL, a redirect loop) stops. reqwest's text never holds our headers, only the URL, and
/// no backend puts its key in the URL.
fn transport(e: reqwest::Error) -> Failure {
    let message = if e.is_timeout() {
        "the request timed out".to_owned()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    };
    if e.is_timeout() || e.is_connect() || e.is_request() || e.is_body() {
        Failure::Retry {
            after: None,
            message,
        }
    } else {
        Failure::Stop {
            kind: StopKind::BadRequest,
            message,
        }
    }
}

/// `Retry-After` in seconds or as an HTTP date, or OpenAI's `retry-after-ms`.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
    {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    http_date(value).map(|at| {
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO)
    })
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(s: &str) -> Option<std::time::SystemTime> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as i64
        + 1;
    let day: i64 = day.parse().ok()?;
    let year: i64 = year.parse().ok()?;
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    let secs = crate::memory::Timestamp::from_fields(year, month, day, h, m, sec)?.unix();
    Some(std::time::UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

/// The JSON value at `path` (object keys) as text.
pub fn json_str<'a>(value: &'a serde_json::Value, path: &[&str]) -> Option<&'a str> {
    let mut v = value;
    for key in path {
        v = v.get(key)?;
    }
    v.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn retry_after_in_all_its_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            "retry-after",
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after-ms", HeaderValue::from_static("644"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(644)));
        assert!(http_date("Sun, 06 Nov 1994 08:49:37 GMT").is_some());
        assert!(http_date("Sun, 06 Foo 1994 08:49:37 GMT").is_none());
    }
}
