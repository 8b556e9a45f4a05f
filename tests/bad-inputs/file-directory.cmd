report extra
