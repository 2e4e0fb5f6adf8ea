// tools/mock_hub.cpp — a tiny, deliberately unreliable Hugging Face hub on 127.0.0.1, for
// the tests of scripts/download-model (tests/download_model.cmake). Test-only; no TLS.
//
//   mock_hub --root DIR [--port-file FILE] [--max-seconds N] [--max-requests N]
//
// Binds 127.0.0.1 on a free port (port 0), writes the port to --port-file (and stdout), and
// serves, one connection at a time, until N seconds or N requests have passed (so it
// always stops by itself, even when the test that started it dies):
//   GET|HEAD /NAME/resolve/main/FILE  -> 302 to /cdn/NAME/FILE (the hub sends real clients
//                                        to a CDN host the same way)
//   GET|HEAD /cdn/NAME/FILE           -> DIR/NAME/FILE, with Range: bytes=A- / A-B (206,
//                                        416 when A is past the end)
//   GET|HEAD /NAME/raw/main/FILE      -> DIR/NAME/FILE.pointer (a Git LFS pointer)
// Faults on demand: DIR/faults, re-read at every request, one rule a line:
//   PATH_SUBSTRING COUNT ACTION    COUNT: how many matching requests it applies to (then the
//                                  rule is used up), or * for all of them
//   ACTION: status:CODE[:RETRY_AFTER]   answer CODE (e.g. 503, 429) with an empty body
//           cut:BYTES                   send the headers and BYTES bytes of the body, then
//                                       close the connection (a flaky link)
//           slow:BYTES_PER_SECOND       send the body at that rate
// The first rule that matches applies. Every request is appended to DIR/requests.log as
// "METHOD PATH RANGE -> STATUS".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/error.hpp"

namespace {

struct Rule {
    std::string match;
    std::string count;  // a number, or "*"
    std::string action;
};

std::vector<Rule> read_rules(const std::string& path) {
    std::vector<Rule> rules;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        Rule r;
        if (words >> r.match >> r.count >> r.action) rules.push_back(r);
    }
    return rules;
}

void write_rules(const std::string& path, const std::vector<Rule>& rules) {
    std::ofstream out(path, std::ios::trunc);
    for (const Rule& r : rules) out << r.match << ' ' << r.count << ' ' << r.action << '\n';
}

// The action for this path, using up one count of the rule that matched ("" if none).
std::string take_fault(const std::string& root, const std::string& path) {
    const std::string file = root + "/faults";
    std::vector<Rule> rules = read_rules(file);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (path.find(rules[i].match) == std::string::npos) continue;
        const std::string action = rules[i].action;
        if (rules[i].count != "*") {
            const long left = std::strtol(rules[i].count.c_str(), nullptr, 10) - 1;
            if (left <= 0) rules.erase(rules.begin() + static_cast<long>(i));
            else rules[i].count = std::to_string(left);
            write_rules(file, rules);
        }
        return action;
    }
    return "";
}

bool send_all(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t k = ::send(fd, data, n, MSG_NOSIGNAL);
        if (k <= 0) return false;
        data += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

bool send_str(int fd, const std::string& s) { return send_all(fd, s.data(), s.size()); }

const char* reason(int code) {
    switch (code) {
    case 200: return "OK";
    case 206: return "Partial Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

std::string header(const std::string& request, const std::string& name) {
    std::istringstream lines(request);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0 &&
            line[name.size()] == ':') {
            std::size_t v = name.size() + 1;
            while (v < line.size() && line[v] == ' ') ++v;
            return line.substr(v);
        }
    }
    return "";
}

// Serves one request on fd; returns the status for the log.
int serve(int fd, const std::string& root, std::string& logline) {
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) return 0;  // a silent client: give up on it
        const ssize_t k = ::recv(fd, buf, sizeof buf, 0);
        if (k <= 0) return 0;
        request.append(buf, static_cast<std::size_t>(k));
    }
    std::istringstream first(request);
    std::string method, path;
    first >> method >> path;
    const std::string range = header(request, "Range");
    logline = method + " " + path + " " + (range.empty() ? "-" : range);
    const bool head = method == "HEAD";

    auto simple = [&](int code, const std::string& extra) {
        send_str(fd, "HTTP/1.1 " + std::to_string(code) + " " + reason(code) +
                         "\r\nContent-Length: 0\r\nConnection: close\r\n" + extra + "\r\n");
        return code;
    };
    if (method != "GET" && method != "HEAD") return simple(400, "");

    const std::string fault = take_fault(root, path);
    long cut = -1, rate = 0;
    if (fault.rfind("status:", 0) == 0) {
        const std::string rest = fault.substr(7);
        const std::size_t colon = rest.find(':');
        const int code = std::atoi(rest.substr(0, colon).c_str());
        std::string extra;
        if (colon != std::string::npos) extra = "Retry-After: " + rest.substr(colon + 1) + "\r\n";
        return simple(code, extra);
    }
    if (fault.rfind("cut:", 0) == 0) cut = std::atol(fault.c_str() + 4);
    if (fault.rfind("slow:", 0) == 0) rate = std::atol(fault.c_str() + 5);

    // /NAME/resolve/main/FILE and /NAME/raw/main/FILE (NAME may be org/name)
    std::string file;
    bool pointer = false;
    const std::size_t resolve = path.find("/resolve/main/"), raw = path.find("/raw/main/");
    if (path.rfind("/cdn/", 0) == 0) {
        file = root + "/" + path.substr(5);
    } else if (resolve != std::string::npos) {
        return simple(302, "Location: /cdn" + path.substr(0, resolve) + "/" + path.substr(resolve + 14) + "\r\n");
    } else if (raw != std::string::npos) {
        file = root + path.substr(0, raw) + "/" + path.substr(raw + 10) + ".pointer";
        pointer = true;
    }
    if (file.empty() || path.find("..") != std::string::npos) return simple(404, "");
    std::ifstream in(file, std::ios::binary);
    if (!in) return simple(404, "");
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const long size = static_cast<long>(body.size());

    long from = 0, to = size - 1;
    int code = 200;
    std::string extra;
    if (!range.empty() && !pointer) {
        if (std::sscanf(range.c_str(), "bytes=%ld-%ld", &from, &to) < 1) return simple(400, "");
        if (to >= size) to = size - 1;
        if (from >= size || from > to)
            return simple(416, "Content-Range: bytes */" + std::to_string(size) + "\r\n");
        code = 206;
        extra = "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(to) + "/" +
                std::to_string(size) + "\r\n";
    }
    const long length = to - from + 1;
    if (!send_str(fd, "HTTP/1.1 " + std::to_string(code) + " " + reason(code) + "\r\nContent-Length: " +
                          std::to_string(length) + "\r\nAccept-Ranges: bytes\r\nConnection: close\r\n" +
                          extra + "\r\n"))
        return code;
    if (head) return code;
    long sent = 0, todo = cut >= 0 && cut < length ? cut : length;
    const long chunk = rate > 0 ? std::max(1L, rate / 20) : 65536;
    while (sent < todo) {
        const long n = std::min(chunk, todo - sent);
        if (!send_all(fd, body.data() + from + sent, static_cast<std::size_t>(n))) break;
        sent += n;
        if (rate > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return code;
}

// A usage error, as the chapters report one: one line on stderr, exit 2.
int usage_error(const std::string& what) {
    std::cerr << "mock_hub: error: " << what
              << " (usage: mock_hub --root DIR [--port-file FILE] [--max-seconds N] [--max-requests N])\n";
    return 2;
}

// A whole number in 1 .. 1e9, or -1.
long positive(const std::string& s) {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
    const long v = std::atol(s.c_str());
    return v >= 1 ? v : -1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string root, port_file;
    long max_seconds = 60, max_requests = 1000;
    for (int i = 1; i < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::cout << "usage: mock_hub --root DIR [--port-file FILE] [--max-seconds N] [--max-requests N]\n";
            return 0;
        }
        if (a != "--root" && a != "--port-file" && a != "--max-seconds" && a != "--max-requests")
            return usage_error("unknown option " + gpt2::quote_for_message(a));
        if (i + 1 == argc) return usage_error(a + " needs a value");
        const std::string v = argv[i + 1];
        if (a == "--root") {
            root = v;
        } else if (a == "--port-file") {
            port_file = v;
        } else {
            if (positive(v) < 0) return usage_error(a + ": " + gpt2::quote_for_message(v) + " is not a whole number >= 1");
            (a == "--max-seconds" ? max_seconds : max_requests) = positive(v);
        }
    }
    if (root.empty()) return usage_error("--root is required");
    ::signal(SIGPIPE, SIG_IGN);
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 16) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        std::perror("mock_hub: socket");
        return 1;
    }
    const int port = ntohs(addr.sin_port);
    if (!port_file.empty()) {
        const std::string tmp = port_file + ".tmp";
        std::ofstream(tmp) << port << "\n";
        std::rename(tmp.c_str(), port_file.c_str());  // readers never see a half-written port
    }
    std::cout << port << std::endl;

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(max_seconds);
    for (long served = 0; served < max_requests;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) break;
        pollfd p{s, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000))) <= 0) continue;
        const int c = ::accept(s, nullptr, nullptr);
        if (c < 0) continue;
        std::string logline;
        const int code = serve(c, root, logline);
        ::shutdown(c, SHUT_WR);
        ::close(c);
        if (!logline.empty()) {
            std::ofstream(root + "/requests.log", std::ios::app) << logline << " -> " << code << "\n";
            ++served;
        }
    }
    ::close(s);
    return 0;
}
