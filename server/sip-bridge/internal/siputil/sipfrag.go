package siputil

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseSipfrag reads the status line of a REFER NOTIFY body
// ("SIP/2.0 200 OK", RFC 3515 §2.4.5). It accepts a missing reason phrase and
// CRLF or LF endings; anything else is an error, never a guess.
func ParseSipfrag(body []byte) (code int, reason string, err error) {
	line := string(body)
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	parts := strings.SplitN(strings.TrimSpace(line), " ", 3)
	if len(parts) < 2 || !strings.EqualFold(parts[0], "SIP/2.0") {
		return 0, "", fmt.Errorf("sipfrag %q is not a SIP status line", truncate(line, 60))
	}
	code, err = strconv.Atoi(parts[1])
	if err != nil || code < 100 || code > 699 {
		return 0, "", fmt.Errorf("sipfrag %q has no valid status code", truncate(line, 60))
	}
	if len(parts) == 3 {
		reason = strings.TrimSpace(parts[2])
	}
	return code, reason, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
