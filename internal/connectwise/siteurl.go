package connectwise

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// cloudAPIHosts maps the browser host a user sees to the API host. Without
// the api- prefix the cloud answers "SSL is required.", so we accept the
// browser host and correct it.
var cloudAPIHosts = map[string]string{
	"na.myconnectwise.net":       "api-na.myconnectwise.net",
	"eu.myconnectwise.net":       "api-eu.myconnectwise.net",
	"au.myconnectwise.net":       "api-au.myconnectwise.net",
	"za.myconnectwise.net":       "api-za.myconnectwise.net",
	"staging.connectwisedev.com": "api-staging.connectwisedev.com",
}

// pathCodebaseRE recognises the first path segment of a pasted API or
// browser URL as a codebase: v4_6_release, v2025_8, v2019_5 ...
var pathCodebaseRE = regexp.MustCompile(`^v[0-9]+_[0-9A-Za-z_]+$`)

type siteInfo struct {
	url      *url.URL // scheme and host only
	codebase string   // from a pasted path, e.g. "v4_6_release/", or ""
}

// NormalizeSiteURL turns what a user may paste into the site's base URL
// (scheme and host only): it adds https:// to a bare host, maps the cloud
// browser hosts (na.myconnectwise.net) to their API hosts
// (api-na.myconnectwise.net), and strips any path such as
// /v4_6_release/apis/3.0. Plain http is accepted only for loopback hosts.
func NormalizeSiteURL(raw string) (*url.URL, error) {
	s, err := parseSiteURL(raw)
	if err != nil {
		return nil, err
	}
	return s.url, nil
}

func parseSiteURL(raw string) (siteInfo, error) {
	const example = "https://api-na.myconnectwise.net"
	in := strings.TrimSpace(raw)
	if in == "" {
		return siteInfo{}, fmt.Errorf("the site URL is empty; write your ConnectWise API host, e.g. %s", example)
	}
	if !strings.Contains(in, "://") {
		in = "https://" + in
	}
	u, err := url.Parse(in)
	if err != nil {
		return siteInfo{}, fmt.Errorf("the site URL %q is not a URL; write it like %s", raw, example)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return siteInfo{}, fmt.Errorf("the site URL %q uses the scheme %q; write it like %s", raw, u.Scheme, example)
	}
	if u.User != nil {
		return siteInfo{}, fmt.Errorf("the site URL %q contains a user name or password; write the host only, e.g. %s, and give the keys separately", redactUserinfo(u), example)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return siteInfo{}, fmt.Errorf("the site URL %q has no host; write it like %s", raw, example)
	}
	if api, ok := cloudAPIHosts[host]; ok {
		host = api
	}
	hostport := host
	if strings.Contains(host, ":") { // IPv6 literal
		hostport = "[" + host + "]"
	}
	if p := u.Port(); p != "" {
		hostport += ":" + p
	}
	if scheme == "http" && !isLoopback(host) {
		return siteInfo{}, fmt.Errorf("the site URL %q uses plain http, which ConnectWise refuses; write %q (plain http is allowed only for loopback hosts such as localhost or 127.0.0.1)", raw, "https://"+hostport)
	}

	var codebase string
	if seg, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/"); pathCodebaseRE.MatchString(seg) {
		codebase = seg + "/"
	}
	return siteInfo{url: &url.URL{Scheme: scheme, Host: hostport}, codebase: codebase}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func redactUserinfo(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}
