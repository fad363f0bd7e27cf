#include "testing.hpp"
#include "tapegrad/tapegrad.hpp"
TG_TEST_MAIN()
