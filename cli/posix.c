#include "cli.h"

int main(int argc, char **argv)
{
    return lanman_main(argc, argv);
}
