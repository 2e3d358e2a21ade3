// The one translation unit that compiles Asio, Asio SSL and Beast
// (BOOST_ASIO_SEPARATE_COMPILATION, BOOST_BEAST_SEPARATE_COMPILATION are set
// on the net library), so the other files only parse their declarations:
// most of the net layer's build time is here, once.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
