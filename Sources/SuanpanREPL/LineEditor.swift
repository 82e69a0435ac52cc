import Suanpan
