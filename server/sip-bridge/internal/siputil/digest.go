package siputil

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/icholy/digest"
)

// DigestAuth issues and checks SIP digest challenges (RFC 2617 MD5, as SIP
// trunks speak it) for trunks that have a username and password.
//
// Nonces are stateless: a timestamp and an HMAC over it and the SIP Call-ID.
// An INVITE flood therefore costs no memory, a nonce cannot be replayed on
// another call, and one older than NonceTTL is answered with stale=true.
type DigestAuth struct {
	Realm    string
	NonceTTL time.Duration
	key      []byte
	now      func() time.Time
}

// NewDigestAuth makes an issuer with a random per-process key.
func NewDigestAuth(realm string) *DigestAuth {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return &DigestAuth{Realm: realm, NonceTTL: 5 * time.Minute, key: key, now: time.Now}
}

// AuthResult is what to do with an INVITE on a trunk with credentials.
type AuthResult int

const (
	AuthOK        AuthResult = iota
	AuthChallenge            // no or stale credentials: answer 407 with Challenge
	AuthFailed               // credentials present but wrong: answer 403
)

func (r AuthResult) String() string {
	switch r {
	case AuthOK:
		return "ok"
	case AuthChallenge:
		return "challenge"
	default:
		return "failed"
	}
}

// Check verifies the value of an INVITE's Proxy-Authorization (or
// Authorization) header. The returned challenge header value is set when the
// result is AuthChallenge.
func (a *DigestAuth) Check(headerValue, method, callID, username, password string) (AuthResult, string, string) {
	if strings.TrimSpace(headerValue) == "" {
		return AuthChallenge, a.challenge(callID, false), "no credentials"
	}
	cred, err := digest.ParseCredentials(headerValue)
	if err != nil {
		return AuthFailed, "", "unparsable credentials"
	}
	if cred.Username != username {
		return AuthFailed, "", "unknown username"
	}
	if cred.Realm != "" && cred.Realm != a.Realm {
		return AuthFailed, "", "wrong realm"
	}
	if alg := strings.ToUpper(cred.Algorithm); alg != "" && alg != "MD5" {
		return AuthFailed, "", "unsupported algorithm " + cred.Algorithm
	}
	switch a.checkNonce(cred.Nonce, callID) {
	case nonceStale:
		return AuthChallenge, a.challenge(callID, true), "stale nonce"
	case nonceBad:
		return AuthFailed, "", "nonce not issued for this call"
	}
	if !a.responseMatches(cred, method, password) {
		return AuthFailed, "", "wrong password"
	}
	return AuthOK, "", ""
}

func (a *DigestAuth) challenge(callID string, stale bool) string {
	c := digest.Challenge{Realm: a.Realm, Nonce: a.nonce(callID, a.now()), Algorithm: "MD5", Stale: stale}
	return c.String()
}

func (a *DigestAuth) nonce(callID string, at time.Time) string {
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(at.Unix()))
	mac := a.mac(ts[:], callID)
	return base64.RawURLEncoding.EncodeToString(append(ts[:], mac...))
}

func (a *DigestAuth) mac(ts []byte, callID string) []byte {
	h := hmac.New(sha256.New, a.key)
	h.Write(ts)
	h.Write([]byte(callID))
	return h.Sum(nil)[:16]
}

type nonceState int

const (
	nonceValid nonceState = iota
	nonceStale
	nonceBad
)

func (a *DigestAuth) checkNonce(nonce, callID string) nonceState {
	raw, err := base64.RawURLEncoding.DecodeString(nonce)
	if err != nil || len(raw) != 8+16 {
		return nonceBad
	}
	if !hmac.Equal(raw[8:], a.mac(raw[:8], callID)) {
		return nonceBad
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(raw[:8])), 0)
	if age := a.now().Sub(issued); age > a.NonceTTL || age < -time.Minute {
		return nonceStale
	}
	return nonceValid
}

// responseMatches computes RFC 2617's MD5 response, with or without qop=auth.
func (a *DigestAuth) responseMatches(c *digest.Credentials, method, password string) bool {
	realm := c.Realm
	if realm == "" {
		realm = a.Realm
	}
	ha1 := md5hex(c.Username + ":" + realm + ":" + password)
	ha2 := md5hex(method + ":" + c.URI)
	var want string
	switch strings.ToLower(c.QOP) {
	case "":
		want = md5hex(ha1 + ":" + c.Nonce + ":" + ha2)
	case "auth":
		want = md5hex(fmt.Sprintf("%s:%s:%08x:%s:%s:%s", ha1, c.Nonce, c.Nc, c.Cnonce, c.QOP, ha2))
	default:
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(c.Response)), []byte(want)) == 1
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
