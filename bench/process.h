// A server under measurement in a process of its own: started with a port file, found by the
// port it writes, measured from /proc, and stopped with SIGTERM when the object goes.
#ifndef FORUM_BENCH_PROCESS_H_
#define FORUM_BENCH_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace forum::bench {

// The CPU time (user + system) process `pid` has used so far, in seconds; 0 if it is gone.
double CpuSecondsOf(pid_t pid);
// The same summed over every process named `name` (/proc/<pid>/comm), e.g. "postgres": a
// server's backends as well as its postmaster.
double CpuSecondsOfAll(const std::string& name);
// The machine's CPU time since boot, in seconds summed over its cores: busy, and in all.
struct MachineCpu {
  double busy = 0;
  double all = 0;
};
MachineCpu MachineCpuSeconds();

class ServerProcess {
 public:
  // Runs `program` with `args` plus `--port-file <dir>/<label>.port`, and waits (up to 30 s)
  // for the port; throws if the process exits or never writes it.
  ServerProcess(const std::string& label, const std::string& program, std::vector<std::string> args,
                const std::string& dir);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // A field of /proc/<pid>/status in KiB (VmHWM: peak resident memory; VmRSS: now), -1 if gone.
  long StatusKib(const std::string& key) const;
  // The CPU time (user + system) the process has used so far, in seconds.
  double CpuSeconds() const;

 private:
  std::string label_;
  pid_t pid_ = -1;
  std::string address_;
};

}  // namespace forum::bench

#endif  // FORUM_BENCH_PROCESS_H_
