report /proc/self/mem
