#include "bench/process.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace forum::bench {

ServerProcess::ServerProcess(const std::string& label, const std::string& program,
                             std::vector<std::string> args, const std::string& dir)
    : label_(label) {
  std::string port_file = dir + "/" + label + ".port";
  std::remove(port_file.c_str());
  args.insert(args.begin(), program);
  args.push_back("--port-file");
  args.push_back(port_file);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  std::string port;
  for (int i = 0; i < 1500 && port.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error(label + " (" + program + ") exited before serving");
    }
    std::ifstream(port_file) >> port;
  }
  if (port.empty()) throw std::runtime_error(label + " wrote no port in 30 s");
  address_ = "127.0.0.1:" + port;
}

ServerProcess::~ServerProcess() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
}

long ServerProcess::StatusKib(const std::string& key) const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  return -1;
}

double ServerProcess::CpuSeconds() const { return CpuSecondsOf(pid_); }

double CpuSecondsOf(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // The command name may hold spaces; the fields after it are counted from its closing paren.
  auto paren = text.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
    if (i == 15) break;
  }
  return ticks / sysconf(_SC_CLK_TCK);
}

double CpuSecondsOfAll(const std::string& name) {
  double seconds = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  while (dirent* entry = readdir(proc)) {
    const std::string pid = entry->d_name;
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream comm("/proc/" + pid + "/comm");
    std::string command;
    if (std::getline(comm, command) && command == name) {
      seconds += CpuSecondsOf(static_cast<pid_t>(std::stol(pid)));
    }
  }
  closedir(proc);
  return seconds;
}

MachineCpu MachineCpuSeconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  stat >> cpu;  // "cpu": the sum over every core
  MachineCpu out;
  double ticks = 0;
  for (int i = 0; i < 8 && stat >> ticks; ++i) {
    out.all += ticks;
    if (i != 3 && i != 4) out.busy += ticks;  // idle and iowait are not busy
  }
  const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  out.busy /= hz;
  out.all /= hz;
  return out;
}

}  // namespace forum::bench
