package connectwise

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// CompanyInfo is the answer of /login/companyinfo/{companyId}.
type CompanyInfo struct {
	CompanyName   string `json:"CompanyName"`
	Codebase      string `json:"Codebase"`
	VersionCode   string `json:"VersionCode"`
	VersionNumber string `json:"VersionNumber"`
	CompanyID     string `json:"CompanyID"`
	IsCloud       bool   `json:"IsCloud"`
	SiteUrl       string `json:"SiteUrl"`
}

// rediscoverEvery keeps a burst of 404s (many concurrent calls after a
// codebase change) down to one discovery.
const rediscoverEvery = 30 * time.Second

// Discover asks the site for the company's codebase (no authentication).
// Unless the codebase is configured, the client uses the answer from now
// on. A literal null answer means the site does not know the company:
// the error matches ErrUnknownCompany.
func (c *Client) Discover(ctx context.Context) (*CompanyInfo, error) {
	if err := c.lockDiscovery(ctx); err != nil {
		return nil, err
	}
	defer c.unlockDiscovery()
	info, err := c.discover(ctx)
	if err != nil {
		return nil, err
	}
	if !c.cfg.codebasePinned {
		c.mu.Lock()
		c.codebase = info.Codebase
		c.mu.Unlock()
	}
	return info, nil
}

func (c *Client) discover(ctx context.Context) (*CompanyInfo, error) {
	u := c.cfg.site.url.String() + "/login/companyinfo/" + url.PathEscape(c.cfg.CompanyID)
	var raw json.RawMessage
	_, err := c.send(ctx, apiRequest{method: http.MethodGet, url: u, noAuth: true}, &raw)
	if err != nil {
		return nil, fmt.Errorf("discovering the codebase of company %q at %s: %w", c.cfg.CompanyID, c.SiteURL(), err)
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil, fmt.Errorf("%w: %s does not know the company ID %q; write the company name you type on the ConnectWise login page", ErrUnknownCompany, c.SiteURL(), c.cfg.CompanyID)
	}
	var info CompanyInfo
	if err := json.Unmarshal(raw, &info); err != nil {
		return nil, fmt.Errorf("discovering the codebase at %s: the answer is not company information (%w); is the site URL a ConnectWise site?", c.SiteURL(), err)
	}
	cb := strings.TrimPrefix(strings.TrimSpace(info.Codebase), "/")
	if cb != "" && !strings.HasSuffix(cb, "/") {
		cb += "/"
	}
	if !codebaseRE.MatchString(cb) {
		return nil, fmt.Errorf("discovering the codebase at %s: the site answered the codebase %q, which is not usable; set the codebase explicitly, e.g. v4_6_release/", c.SiteURL(), info.Codebase)
	}
	info.Codebase = cb
	c.learnCloud(&info)
	c.logDebug(ctx, "connectwise: discovered codebase", map[string]any{"codebase": cb, "version": info.VersionCode, "cloud": info.IsCloud})
	return &info, nil
}

func (c *Client) lockDiscovery(ctx context.Context) error {
	select {
	case c.discovering <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) unlockDiscovery() { <-c.discovering }

// apiBase returns the API root for a call, discovering the codebase on
// first use. discovered says whether a 404 may re-discover it.
func (c *Client) apiBase(ctx context.Context) (base string, discovered bool, err error) {
	if c.cfg.codebasePinned {
		return c.baseFor(c.cfg.Codebase), false, nil
	}
	if cb := c.Codebase(); cb != "" {
		return c.baseFor(cb), true, nil
	}
	if err := c.lockDiscovery(ctx); err != nil {
		return "", false, err
	}
	defer c.unlockDiscovery()
	if cb := c.Codebase(); cb != "" { // another call discovered it meanwhile
		return c.baseFor(cb), true, nil
	}
	info, err := c.discover(ctx)
	if err != nil {
		return "", false, err
	}
	c.mu.Lock()
	c.codebase = info.Codebase
	c.mu.Unlock()
	return c.baseFor(info.Codebase), true, nil
}

// rediscover runs after an unexpected 404 on staleBase. It returns the new
// base and whether it differs, so the caller repeats its call at most once.
func (c *Client) rediscover(ctx context.Context, staleBase string) (string, bool, error) {
	if err := c.lockDiscovery(ctx); err != nil {
		return "", false, err
	}
	defer c.unlockDiscovery()
	c.mu.Lock()
	current, last := c.codebase, c.lastRediscovery
	c.mu.Unlock()
	if b := c.baseFor(current); b != staleBase {
		return b, true, nil // another call already moved on
	}
	if time.Since(last) < rediscoverEvery {
		return staleBase, false, nil
	}
	info, err := c.discover(ctx)
	c.mu.Lock()
	c.lastRediscovery = time.Now()
	if err == nil {
		c.codebase = info.Codebase
	}
	c.mu.Unlock()
	if err != nil {
		return "", false, err
	}
	if info.Codebase != current {
		c.logDebug(ctx, "connectwise: codebase changed", map[string]any{"from": current, "to": info.Codebase})
	}
	b := c.baseFor(info.Codebase)
	return b, b != staleBase, nil
}
