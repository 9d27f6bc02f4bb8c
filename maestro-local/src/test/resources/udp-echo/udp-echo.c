/* A UDP echo for the local target's UDP test: answers each datagram with "<hostname> <payload>".
   Built static (gcc -static) by LocalPortsIT into an image FROM scratch: busybox has no UDP server. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons(argc > 1 ? atoi(argv[1]) : 9053);
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (s < 0 || bind(s, (struct sockaddr *) &address, sizeof address) < 0) {
        perror("udp-echo: bind");
        return 1;
    }
    char host[64] = {0};
    gethostname(host, sizeof host - 1);
    char in[1500];
    char out[1600];
    for (;;) {
        struct sockaddr_in from;
        socklen_t length = sizeof from;
        ssize_t n = recvfrom(s, in, sizeof in - 1, 0, (struct sockaddr *) &from, &length);
        if (n < 0) {
            continue;
        }
        in[n] = 0;
        int m = snprintf(out, sizeof out, "%s %s", host, in);
        sendto(s, out, m, 0, (struct sockaddr *) &from, length);
    }
}
